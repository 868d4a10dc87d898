import { useParams } from 'react-router';
import { TokenSourceProvider } from '../../api/upload';
import { CaseWorkspace } from '../../features/cases/CaseWorkspace';
import { PreparationPanel } from '../../features/preparation/PreparationPanel';
import { useSession } from '../session/SessionContext';

/**
 * One case: the cases feature's workspace, with the preparation requests panel beside it. The
 * session authorises the record uploads, which report their progress outside the typed client.
 */
export function CasePage() {
  const { caseId = '' } = useParams();
  const session = useSession();
  return (
    <TokenSourceProvider tokens={session}>
      <CaseWorkspace
        key={caseId}
        caseId={caseId}
        aside={({ detail, board, members, canEdit, refresh }) => (
          <PreparationPanel
            caseId={detail.id}
            caseStatus={detail.status}
            canEdit={canEdit}
            myRole={board.myRole}
            members={members}
            timezone={board.timezone}
            onChanged={refresh}
          />
        )}
      />
    </TokenSourceProvider>
  );
}
