import { useParams } from 'react-router';
import { TokenSourceProvider } from '../../api/upload';
import { CaseWorkspace } from '../../features/cases/CaseWorkspace';
import { LinkStudyFromPacs } from '../../features/imaging/StudySearchDialog';
import { PreparationPanel } from '../../features/preparation/PreparationPanel';
import { useSession } from '../session/SessionContext';

/**
 * One case: the cases feature's workspace, with the preparation requests panel beside it and the
 * imaging feature's PACS search in its records panel (a linked study refreshes the case). The
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
        recordActions={({ detail, board, open, refresh }) => (
          <LinkStudyFromPacs
            caseId={detail.id}
            boardId={board.id}
            role={board.myRole}
            presenterId={detail.presenterId}
            caseOpen={open}
            linkedStudyUids={detail.records.flatMap((record) =>
              record.dicom ? [record.dicom.studyInstanceUid] : [],
            )}
            onLinked={refresh}
          />
        )}
      />
    </TokenSourceProvider>
  );
}
