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
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AgendaDeferralView, AgendaView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { AgendaService } from './agenda.service';
import { AgendaItemStatus } from './domain';
import {
  AddAgendaItemDto,
  AgendaItemStatusDto,
  DeferAgendaItemDto,
  ReorderAgendaDto,
  UpdateAgendaItemDto,
} from './dto/agenda.dto';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('agenda')
@ApiBearerAuth()
@Controller()
export class AgendaController {
  constructor(private readonly agenda: AgendaService) {}

  @Get('meetings/:meetingId/agenda')
  @Returns('AgendaView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
  ): Promise<AgendaView> {
    return this.agenda.agenda(user, meetingId);
  }

  @Post('meetings/:meetingId/agenda')
  @Returns('AgendaView', { status: 201 })
  add(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
    @Body() body: AddAgendaItemDto,
  ): Promise<AgendaView> {
    return this.agenda.add(user, meetingId, body);
  }

  @Put('meetings/:meetingId/agenda/order')
  @Returns('AgendaView')
  reorder(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
    @Body() body: ReorderAgendaDto,
  ): Promise<AgendaView> {
    return this.agenda.reorder(user, meetingId, body.itemIds);
  }

  @Patch('agenda-items/:itemId')
  @Returns('AgendaView')
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('itemId', uuid) itemId: string,
    @Body() body: UpdateAgendaItemDto,
  ): Promise<AgendaView> {
    return this.agenda.update(user, itemId, body);
  }

  @Post('agenda-items/:itemId/status')
  @HttpCode(200)
  @Returns('AgendaView', { status: 200 })
  status(
    @CurrentUser() user: AuthenticatedUser,
    @Param('itemId', uuid) itemId: string,
    @Body() body: AgendaItemStatusDto,
  ): Promise<AgendaView> {
    return this.agenda.changeStatus(user, itemId, body.status as AgendaItemStatus);
  }

  @Post('agenda-items/:itemId/defer')
  @HttpCode(200)
  @Returns('AgendaDeferralView', { status: 200 })
  defer(
    @CurrentUser() user: AuthenticatedUser,
    @Param('itemId', uuid) itemId: string,
    @Body() body: DeferAgendaItemDto,
  ): Promise<AgendaDeferralView> {
    return this.agenda.defer(user, itemId, body.reason);
  }

  @Delete('agenda-items/:itemId')
  @Returns('AgendaView')
  remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('itemId', uuid) itemId: string,
  ): Promise<AgendaView> {
    return this.agenda.remove(user, itemId);
  }
}
