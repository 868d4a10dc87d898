import { Link } from 'react-aria-components';
import { useParams } from 'react-router';
import { useCaseQuery } from '../../features/cases/queries';
import { StudyViewerScreen } from '../../features/imaging/StudyViewerScreen';
import { useSession } from '../session/SessionContext';

/**
 * A case's linked study in the imaging viewer. The case (its pseudonymous reference and the
 * study's record title) comes from the cases feature; the images from the PACS through the
 * server's DICOMweb proxy, authorised by the session's token.
 */
export function ImagingPage() {
  const { caseId = '', studyUid = '' } = useParams();
  const session = useSession();
  const detail = useCaseQuery(caseId);
  const record = detail.data?.records.find((entry) => entry.dicom?.studyInstanceUid === studyUid);
  return (
    <StudyViewerScreen
      key={`${caseId}/${studyUid}`}
      caseId={caseId}
      studyUid={studyUid}
      tokens={session}
      title={record?.title}
      eyebrow={
        <>
          <Link href={`/cases/${caseId}`}>{detail.data?.patientRef ?? 'Case'}</Link> · Imaging
        </>
      }
    />
  );
}
