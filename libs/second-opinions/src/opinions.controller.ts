import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ConsultationView,
  DeliveredOpinionView,
  FollowUpQuestionView,
  ReferrerLinkView,
  ReferrerOpinionView,
  VoteView,
  WrittenOpinionView,
} from '@app/contracts';
import { AuthenticatedUser, CurrentUser, Public } from '@app/auth';
import { Returns, ReturnsFile } from '@app/openapi';
import { ConsultationsService } from './consultations.service';
import { ConsultationDto } from './dto/consultation.dto';
import { AnswerDto, FollowUpQuestionDto, QuestionParamsDto } from './dto/follow-up-question.dto';
import { PanelVoteDto } from './dto/panel-vote.dto';
import {
  CorrectOpinionDto,
  DeliverOpinionDto,
  OpinionVersionQueryDto,
} from './dto/written-opinion.dto';
import { FollowUpQuestionsService } from './follow-up-questions.service';
import { PanelVoteService } from './panel-vote.service';
import { ReferrerAccessService } from './referrer-access.service';
import { ReferrerLinksService } from './referrer-links.service';
import { WrittenOpinionDocument } from './written-opinion.repository';
import { WrittenOpinionsService } from './written-opinions.service';

const uuid = new ParseUUIDPipe({ version: undefined });

/** A version's PDF; `requestId` names it for staff, the referrer's copy goes without. */
function pdfFile(
  which: WrittenOpinionDocument,
  found: { pdf: Buffer; version: number },
  requestId?: string,
): StreamableFile {
  const name = which === 'clinical_report' ? 'second-opinion' : 'patient-summary';
  const id = requestId ? `-${requestId}` : '';
  return new StreamableFile(found.pdf, {
    disposition: `inline; filename="${name}${id}-v${found.version}.pdf"`,
  });
}

@ApiTags('second opinions')
@ApiBearerAuth()
@Controller('second-opinions/:id')
export class OpinionsController {
  constructor(
    private readonly writtenOpinions: WrittenOpinionsService,
    private readonly panelVote: PanelVoteService,
    private readonly followUpQuestions: FollowUpQuestionsService,
    private readonly referrerLinks: ReferrerLinksService,
    private readonly consultations: ConsultationsService,
  ) {}

  /** Coordinators: the cleared reviewers vote as a panel, once each has assessed the request. */
  @Post('panel-vote')
  @Returns('VoteView', { status: 201 })
  openPanelVote(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: PanelVoteDto,
  ): Promise<VoteView> {
    return this.panelVote.open(user, id, {
      question: body.question,
      options: body.options.map((option) => ({ ...option, sequence: option.sequence ?? null })),
      deadline: new Date(body.deadline),
    });
  }

  /** Coordinators: issue and deliver version 1; the response carries the referrer's link, once. */
  @Post('opinion')
  @Returns('DeliveredOpinionView', { status: 201 })
  deliver(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: DeliverOpinionDto,
  ): Promise<DeliveredOpinionView> {
    return this.writtenOpinions.deliver(user, id, {
      patientSummary: body.patientSummary,
      conclusion: body.conclusion && {
        diagnosis: body.conclusion.diagnosis,
        stage: body.conclusion.stage ?? null,
        alternatives: body.conclusion.alternatives,
        risks: body.conclusion.risks,
        pros: body.conclusion.pros,
        cons: body.conclusion.cons,
      },
      concordance: body.concordance,
    });
  }

  @Get('opinion')
  @Returns('WrittenOpinionView')
  opinion(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Query() query: OpinionVersionQueryDto,
  ): Promise<WrittenOpinionView> {
    return this.writtenOpinions.get(user, id, query.version);
  }

  @Get('opinion/versions')
  @Returns('WrittenOpinionView', { array: true })
  versions(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<WrittenOpinionView[]> {
    return this.writtenOpinions.versions(user, id);
  }

  @Get('opinion/clinical-report.pdf')
  @Header('content-type', 'application/pdf')
  @Header('cache-control', 'no-store')
  @ReturnsFile('application/pdf')
  async clinicalReport(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Query() query: OpinionVersionQueryDto,
  ): Promise<StreamableFile> {
    const found = await this.writtenOpinions.document(user, id, 'clinical_report', query.version);
    return pdfFile('clinical_report', found, id);
  }

  @Get('opinion/patient-summary.pdf')
  @Header('content-type', 'application/pdf')
  @Header('cache-control', 'no-store')
  @ReturnsFile('application/pdf')
  async patientSummary(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Query() query: OpinionVersionQueryDto,
  ): Promise<StreamableFile> {
    const found = await this.writtenOpinions.document(user, id, 'patient_summary', query.version);
    return pdfFile('patient_summary', found, id);
  }

  /** Coordinators: a corrected patient summary, as a new version with its reason. */
  @Post('opinion/corrections')
  @Returns('WrittenOpinionView', { status: 201 })
  correct(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: CorrectOpinionDto,
  ): Promise<WrittenOpinionView> {
    return this.writtenOpinions.correct(user, id, body);
  }

  /** Coordinators: a new referrer link, shown once; every earlier link stops working. */
  @Post('referrer-link')
  @Returns('ReferrerLinkView', { status: 201 })
  reissueLink(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<ReferrerLinkView> {
    return this.referrerLinks.reissue(user, id);
  }

  @Get('questions')
  @Returns('FollowUpQuestionView', { array: true })
  questions(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<FollowUpQuestionView[]> {
    return this.followUpQuestions.list(user, id);
  }

  /** Coordinators: a question the referrer asked by other means (it counts toward the limit). */
  @Post('questions')
  @Returns('FollowUpQuestionView', { status: 201 })
  ask(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: FollowUpQuestionDto,
  ): Promise<FollowUpQuestionView> {
    return this.followUpQuestions.ask(user, id, body.question);
  }

  /** Reviewers of the opinion: the answer is an addendum, issued as a new version. */
  @Post('questions/:number/answer')
  @HttpCode(200)
  @Returns('WrittenOpinionView', { status: 200 })
  answer(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: QuestionParamsDto,
    @Body() body: AnswerDto,
  ): Promise<WrittenOpinionView> {
    return this.followUpQuestions.answer(user, params.id, params.number, body.answer);
  }

  /** The consultation, or the last one cancelled; 404 if none was ever scheduled. */
  @Get('consultation')
  @Returns('ConsultationView')
  consultation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<ConsultationView> {
    return this.consultations.current(user, id);
  }

  /** Coordinators: schedule, or reschedule, the follow-up consultation. */
  @Put('consultation')
  @Returns('ConsultationView')
  schedule(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: ConsultationDto,
  ): Promise<ConsultationView> {
    return this.consultations.schedule(user, id, {
      startsAt: new Date(body.startsAt),
      durationMinutes: body.durationMinutes,
      location: body.location,
    });
  }

  @Delete('consultation')
  @Returns('ConsultationView')
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<ConsultationView> {
    return this.consultations.cancel(user, id);
  }

  @Get('consultation.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ReturnsFile('text/calendar', { description: 'The consultation as an iCalendar invitation' })
  invitation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<string> {
    return this.consultations.invitation(user, id);
  }
}

/** The referrer's side of a delivered opinion: no account, only the link's token. */
@ApiTags('second opinions')
@Public()
@UseGuards(ThrottlerGuard)
@Controller('opinions/:token')
export class ReferrerOpinionsController {
  constructor(private readonly access: ReferrerAccessService) {}

  @Get()
  @Header('cache-control', 'no-store')
  @Returns('ReferrerOpinionView')
  overview(@Param('token') token: string): Promise<ReferrerOpinionView> {
    return this.access.overview(token);
  }

  @Get('clinical-report.pdf')
  @Header('content-type', 'application/pdf')
  @Header('cache-control', 'no-store')
  @ReturnsFile('application/pdf')
  async clinicalReport(
    @Param('token') token: string,
    @Query() query: OpinionVersionQueryDto,
  ): Promise<StreamableFile> {
    return pdfFile(
      'clinical_report',
      await this.access.document(token, 'clinical_report', query.version),
    );
  }

  @Get('patient-summary.pdf')
  @Header('content-type', 'application/pdf')
  @Header('cache-control', 'no-store')
  @ReturnsFile('application/pdf')
  async patientSummary(
    @Param('token') token: string,
    @Query() query: OpinionVersionQueryDto,
  ): Promise<StreamableFile> {
    return pdfFile(
      'patient_summary',
      await this.access.document(token, 'patient_summary', query.version),
    );
  }

  @Post('questions')
  @Returns('FollowUpQuestionView', { status: 201 })
  ask(
    @Param('token') token: string,
    @Body() body: FollowUpQuestionDto,
  ): Promise<FollowUpQuestionView> {
    return this.access.ask(token, body.question);
  }

  @Get('consultation.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ReturnsFile('text/calendar', { description: 'The consultation as an iCalendar invitation' })
  invitation(@Param('token') token: string): Promise<string> {
    return this.access.invitation(token);
  }
}
