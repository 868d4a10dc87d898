import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CaseDetailView, CaseSummaryView, MissingRecordsView, ReadinessView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns, ReturnsNothing } from '@app/openapi';
import { CaseConflictsService } from './case-conflicts.service';
import { CasesService } from './cases.service';
import { CaseStatus, ReadinessTemplate } from './domain';
import { ReadinessTemplateDto, toCriterion } from './dto/agenda.dto';
import {
  CaseListQuery,
  CaseStatusDto,
  CreateCaseDto,
  DeclareConflictDto,
  UpdateCaseDto,
} from './dto/case.dto';
import { ReadinessService } from './readiness.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly readiness: ReadinessService,
    private readonly conflicts: CaseConflictsService,
  ) {}

  @Post('boards/:boardId/cases')
  @Returns('CaseDetailView', { status: 201 })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: CreateCaseDto,
  ): Promise<CaseDetailView> {
    return this.cases.create(user, boardId, body);
  }

  @Get('boards/:boardId/cases')
  @Returns('CaseSummaryView', { array: true })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Query() query: CaseListQuery,
  ): Promise<CaseSummaryView[]> {
    return this.cases.list(user, boardId, query);
  }

  @Get('boards/:boardId/missing-records')
  @Returns('MissingRecordsView', { array: true })
  missing(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<MissingRecordsView[]> {
    return this.readiness.missingRecords(user, boardId);
  }

  @Get('boards/:boardId/readiness-template')
  @Returns('ReadinessTemplateView')
  template(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<ReadinessTemplate> {
    return this.readiness.template(user, boardId);
  }

  @Put('boards/:boardId/readiness-template')
  @Returns('ReadinessTemplateView')
  setTemplate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: ReadinessTemplateDto,
  ): Promise<ReadinessTemplate> {
    return this.readiness.setTemplate(user, boardId, body.criteria.map(toCriterion));
  }

  /** The case's clinical detail; every read is audited. */
  @Get('cases/:caseId')
  @Returns('CaseDetailView')
  detail(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<CaseDetailView> {
    return this.cases.detail(user, caseId);
  }

  @Patch('cases/:caseId')
  @Returns('CaseDetailView')
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: UpdateCaseDto,
  ): Promise<CaseDetailView> {
    return this.cases.update(user, caseId, body);
  }

  @Post('cases/:caseId/status')
  @HttpCode(200)
  @Returns('CaseSummaryView', { status: 200 })
  status(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: CaseStatusDto,
  ): Promise<CaseSummaryView> {
    return this.cases.changeStatus(user, caseId, body.status as CaseStatus, body.reason);
  }

  @Get('cases/:caseId/readiness')
  @Returns('ReadinessView')
  readinessOf(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<ReadinessView> {
    return this.cases.readinessOf(user, caseId);
  }

  @Post('cases/:caseId/conflicts')
  @HttpCode(204)
  @ReturnsNothing()
  declareConflict(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: DeclareConflictDto,
  ): Promise<void> {
    return this.conflicts.declare(user, caseId, body.reason);
  }

  @Delete('cases/:caseId/conflicts/me')
  @HttpCode(204)
  @ReturnsNothing()
  withdrawConflict(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<void> {
    return this.conflicts.withdraw(user, caseId);
  }
}
