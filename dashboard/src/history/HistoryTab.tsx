import { TabbedShowLayout } from 'react-admin';
import { RecordHistory } from './RecordHistory';

/**
 * The History tab of a record's page. Called as a function, not rendered as a component:
 * TabbedShowLayout reads its tabs' props from its direct children, so a tab cannot be wrapped.
 */
export function HistoryTab() {
  return (
    <TabbedShowLayout.Tab key="history" label="app.tabs.history" path="history">
      <RecordHistory label={false} />
    </TabbedShowLayout.Tab>
  );
}
