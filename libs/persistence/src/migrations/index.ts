import { CreateAccounts1795340000000 } from './1795340000000-CreateAccounts';
import { CreateAuditLog1795340000001 } from './1795340000001-CreateAuditLog';
import { CreateBoardsAndMeetings1795350000000 } from './1795350000000-CreateBoardsAndMeetings';
import { CreateCasesAndAgenda1795350000001 } from './1795350000001-CreateCasesAndAgenda';
import { CreateNotes1795360000000 } from './1795360000000-CreateNotes';
import { CreateLiveRoom1795370000000 } from './1795370000000-CreateLiveRoom';
import { AttendanceOpenOnce1795380000000 } from './1795380000000-AttendanceOpenOnce';
import { CreateVoting1795390000000 } from './1795390000000-CreateVoting';
import { CreateSecondOpinions1795400000000 } from './1795400000000-CreateSecondOpinions';
import { SecondOpinionDeliveryAndOutcomes1795410000000 } from './1795410000000-SecondOpinionDeliveryAndOutcomes';
import { CaseFirstTreatment1795420000000 } from './1795420000000-CaseFirstTreatment';
import { CreatePreparationRequests1795430000000 } from './1795430000000-CreatePreparationRequests';
import { CreateImagingStudyOpenings1795440000000 } from './1795440000000-CreateImagingStudyOpenings';
import { CreateBoardImagingSources1795450000000 } from './1795450000000-CreateBoardImagingSources';
import { CreateSecondOpinionArbitration1795460000000 } from './1795460000000-CreateSecondOpinionArbitration';
import { CreateSingleSignOn1795470000000 } from './1795470000000-CreateSingleSignOn';
import { CreateStepUpGrants1795480000000 } from './1795480000000-CreateStepUpGrants';
import { CreateAuditPending1795490000000 } from './1795490000000-CreateAuditPending';

/** Every schema migration, oldest first. The only way the schema changes. */
export const MIGRATIONS = [
  CreateAccounts1795340000000,
  CreateAuditLog1795340000001,
  CreateBoardsAndMeetings1795350000000,
  CreateCasesAndAgenda1795350000001,
  CreateNotes1795360000000,
  CreateLiveRoom1795370000000,
  AttendanceOpenOnce1795380000000,
  CreateVoting1795390000000,
  CreateSecondOpinions1795400000000,
  SecondOpinionDeliveryAndOutcomes1795410000000,
  CaseFirstTreatment1795420000000,
  CreatePreparationRequests1795430000000,
  CreateImagingStudyOpenings1795440000000,
  CreateBoardImagingSources1795450000000,
  CreateSecondOpinionArbitration1795460000000,
  CreateSingleSignOn1795470000000,
  CreateStepUpGrants1795480000000,
  CreateAuditPending1795490000000,
];
