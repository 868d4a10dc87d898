import { SettingsTab } from '../../features/boards/SettingsTab';
import { BoardImagingSourceCard } from '../../features/imaging/BoardImagingSourceCard';

/** A board's settings tab, with the imaging feature's choice of the PACS the board searches. */
export function BoardSettingsPage() {
  return (
    <SettingsTab
      moreSettings={({ board, canEdit }) => (
        <BoardImagingSourceCard boardId={board.id} canEdit={canEdit} />
      )}
    />
  );
}
