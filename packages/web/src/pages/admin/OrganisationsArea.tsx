import type { AreaProps } from '../../App.tsx';
import { Empty } from '../../ui.tsx';

export default function Area(_props: AreaProps) {
  return <Empty title="Coming soon." />;
}
