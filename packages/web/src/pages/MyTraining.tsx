import type { AreaProps } from '../App.tsx';
import { PageHeader } from '../ui.tsx';

export function MyTrainingArea({ me }: AreaProps) {
  return <PageHeader title="My training" subtitle={`Welcome, ${me.name}`} />;
}
