import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { HomeView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { HomeService } from './home.service';

@ApiTags('home')
@ApiBearerAuth()
@Controller()
export class HomeController {
  constructor(private readonly home: HomeService) {}

  /**
   * The caller's next meetings across their boards, the open cases they present with their
   * readiness, and what is waiting on them (missing records, cases not ready for a board they
   * coordinate, preparation requests).
   */
  @Get('users/me/home')
  @Returns('HomeView')
  get(@CurrentUser() user: AuthenticatedUser): Promise<HomeView> {
    return this.home.home(user);
  }
}
