import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { TRACK_TYPES } from '@credence/domain';
import type { AreaProps } from '../../App.tsx';
import { canEdit, label } from '../../roles.ts';
import { Link, matchPath, navigate } from '../../router.tsx';
import { useTRPC } from '../../trpc.ts';
import {
  Badge,
  Button,
  Empty,
  EnumOptions,
  ErrorMessage,
  FilterSelect,
  Loading,
  PageHeader,
} from '../../ui.tsx';
import { QuizEditorPage } from './QuizEditor.tsx';
import { NewTrackPage, TrackPage } from './TrackPage.tsx';

/** Staff: the catalog of certification tracks, their courses and quizzes (product.md §1). */
export default function CatalogArea({ me, path }: AreaProps) {
  const editor = canEdit(me.role);
  if (path === '/catalog') return <TrackList editor={editor} />;
  if (path === '/catalog/new' && editor) return <NewTrackPage />;
  const quiz = matchPath('/catalog/:trackId/courses/:courseId/quiz', path);
  if (quiz?.trackId && quiz.courseId) {
    return <QuizEditorPage trackId={quiz.trackId} courseId={quiz.courseId} editor={editor} />;
  }
  const track = matchPath('/catalog/:trackId', path);
  if (track?.trackId) return <TrackPage trackId={track.trackId} editor={editor} />;
  return (
    <Empty title="This page does not exist.">
      <Link to="/catalog">Back to the catalog</Link>
    </Empty>
  );
}

type TypeFilter = '' | (typeof TRACK_TYPES)[number];

function TrackList({ editor }: { editor: boolean }) {
  const trpc = useTRPC();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [type, setType] = useState<TypeFilter>('');
  const tracks = useQuery(
    trpc.catalog.listTracks.queryOptions({ includeArchived, ...(type ? { type } : {}) }),
  );
  return (
    <>
      <PageHeader
        title="Catalog"
        subtitle="Certification tracks, their courses and exams."
        actions={editor && <Button onClick={() => navigate('/catalog/new')}>New track</Button>}
      />
      <div className="toolbar" role="group" aria-label="Filters">
        <FilterSelect label="Audience" any="All types" value={type} onChange={setType}>
          <EnumOptions values={TRACK_TYPES} />
        </FilterSelect>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={includeArchived}
            onChange={(e) => setIncludeArchived(e.target.checked)}
          />
          <span>Show archived tracks</span>
        </label>
      </div>
      {tracks.isPending ? (
        <Loading label="Loading tracks…" />
      ) : tracks.isError ? (
        <ErrorMessage error={tracks.error} onRetry={() => void tracks.refetch()} />
      ) : tracks.data.length === 0 ? (
        <Empty title="No tracks match these filters.">
          {editor ? 'Create the first track with “New track”.' : 'Try another audience.'}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Certification tracks</caption>
            <thead>
              <tr>
                <th scope="col">Track</th>
                <th scope="col">Audience</th>
                <th scope="col">Level</th>
                <th scope="col">Version</th>
                <th scope="col" className="num">
                  Courses
                </th>
                <th scope="col" className="num">
                  Hours
                </th>
                <th scope="col">Go-live</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tracks.data.map((track) => (
                <tr key={track.id}>
                  <td>
                    <Link to={`/catalog/${track.id}`} className="strong">
                      {track.name}
                    </Link>
                    <div className="muted small mono">{track.slug}</div>
                  </td>
                  <td>{label(track.type)}</td>
                  <td>{label(track.level)}</td>
                  <td className="mono">v{track.version}</td>
                  <td className="num">{track.courses.filter((c) => c.isActive).length}</td>
                  <td className="num">{track.estimatedHours}</td>
                  <td>
                    {track.requiredForGoLive ? (
                      <Badge tone="warning">Required</Badge>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {track.isActive ? (
                      <Badge tone="success">Active</Badge>
                    ) : (
                      <Badge>Archived</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
