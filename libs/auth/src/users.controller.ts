import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvitationView, PlatformRole, UserView } from '@app/contracts';
import { Returns } from '@app/openapi';
import { CurrentUser, RequireRole } from './access.guard';
import { AuthenticatedUser } from './authenticated-user';
import {
  AdminUpdateUserDto,
  InviteUserDto,
  ListUsersQuery,
  UpdateProfileDto,
} from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Colleagues and their credentials are visible to every signed-in member. */
  @Get()
  @Returns('UserPage')
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Get('me')
  @Returns('UserView')
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserView> {
    return this.users.get(user.id);
  }

  @Patch('me')
  @Returns('UserView')
  updateMe(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateProfileDto,
  ): Promise<UserView> {
    return this.users.updateProfile(user.id, body);
  }

  @Get(':id')
  @Returns('UserView')
  get(@Param('id', new ParseUUIDPipe({ version: undefined })) id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @RequireRole(PlatformRole.Admin)
  @Post()
  @Returns('InvitationView', { status: 201 })
  invite(@Body() body: InviteUserDto): Promise<InvitationView> {
    return this.users.invite(body);
  }

  @RequireRole(PlatformRole.Admin)
  @Patch(':id')
  @Returns('UserView')
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
    @Body() body: AdminUpdateUserDto,
  ): Promise<UserView> {
    return this.users.adminUpdate(user, id, body);
  }
}
