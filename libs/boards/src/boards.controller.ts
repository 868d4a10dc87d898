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
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BoardMemberView, BoardView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns, ReturnsNothing } from '@app/openapi';
import { BoardsService } from './boards.service';
import { AddMemberDto, CreateBoardDto, UpdateBoardDto, UpdateMemberDto } from './dto/board.dto';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('boards')
@ApiBearerAuth()
@Controller('boards')
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Post()
  @Returns('BoardView', { status: 201 })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateBoardDto): Promise<BoardView> {
    return this.boards.create(user, body);
  }

  /** The boards the caller belongs to (all boards for an administrator). */
  @Get()
  @Returns('BoardView', { array: true })
  list(@CurrentUser() user: AuthenticatedUser): Promise<BoardView[]> {
    return this.boards.list(user);
  }

  @Get(':boardId')
  @Returns('BoardView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<BoardView> {
    return this.boards.get(user, boardId);
  }

  @Patch(':boardId')
  @Returns('BoardView')
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: UpdateBoardDto,
  ): Promise<BoardView> {
    return this.boards.update(user, boardId, body);
  }

  @Get(':boardId/members')
  @Returns('BoardMemberView', { array: true })
  members(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<BoardMemberView[]> {
    return this.boards.members(user, boardId);
  }

  @Post(':boardId/members')
  @Returns('BoardMemberView', { status: 201 })
  addMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: AddMemberDto,
  ): Promise<BoardMemberView> {
    return this.boards.addMember(user, boardId, body);
  }

  @Patch(':boardId/members/:userId')
  @Returns('BoardMemberView')
  updateMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Param('userId', uuid) userId: string,
    @Body() body: UpdateMemberDto,
  ): Promise<BoardMemberView> {
    return this.boards.updateMember(user, boardId, userId, body);
  }

  @Delete(':boardId/members/:userId')
  @HttpCode(204)
  @ReturnsNothing()
  removeMember(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Param('userId', uuid) userId: string,
  ): Promise<void> {
    return this.boards.removeMember(user, boardId, userId);
  }
}
