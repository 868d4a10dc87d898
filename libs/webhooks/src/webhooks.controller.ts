import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  RegisteredWebhookEndpointView,
  WebhookDeliveryView,
  WebhookEndpointView,
} from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns, ReturnsNothing } from '@app/openapi';
import { DeliveryLogQuery, RegisterWebhookDto } from './dto/webhook.dto';
import { WebhookService } from './webhook.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post('boards/:boardId/webhooks')
  @ApiOperation({
    summary: 'Register an endpoint for published recommendations (coordinators)',
    description:
      'The answer carries the signing secret, shown this once. Deliveries are POSTed as JSON ' +
      '`{id, event, createdAt, data}` with `X-TumorBoard-Event`, `X-TumorBoard-Delivery` and ' +
      '`X-TumorBoard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.',
  })
  @Returns('RegisteredWebhookEndpointView', {
    status: 201,
    description: 'The endpoint with its secret',
  })
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: RegisterWebhookDto,
  ): Promise<RegisteredWebhookEndpointView> {
    return this.webhooks.register(user, boardId, body);
  }

  @Get('boards/:boardId/webhooks')
  @ApiOperation({ summary: "The board's endpoints, newest first (coordinators; no secrets)" })
  @Returns('WebhookEndpointView', { array: true, description: 'Endpoints, active or not' })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<WebhookEndpointView[]> {
    return this.webhooks.list(user, boardId);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deactivate an endpoint; its pending deliveries are cancelled' })
  @ReturnsNothing()
  deactivate(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string): Promise<void> {
    return this.webhooks.deactivate(user, id);
  }

  @Get('webhooks/:id/deliveries')
  @ApiOperation({ summary: "An endpoint's delivery log, newest first" })
  @Returns('WebhookDeliveryView', {
    array: true,
    description: 'Deliveries with attempts, last status code and error',
  })
  deliveries(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Query() query: DeliveryLogQuery,
  ): Promise<WebhookDeliveryView[]> {
    return this.webhooks.deliveries(user, id, { limit: query.limit });
  }
}
