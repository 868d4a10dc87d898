import { Module } from '@nestjs/common';
import { AttendanceController } from './attendance.controller';
import { LiveGateway } from './live.gateway';
import { LiveService } from './live.service';

@Module({
  controllers: [AttendanceController],
  providers: [LiveGateway, LiveService],
})
export class LiveModule {}
