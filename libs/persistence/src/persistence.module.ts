import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  providers: [
    {
      provide: UnitOfWork,
      useFactory: (dataSource: DataSource) => new UnitOfWork(dataSource),
      inject: [DataSource],
    },
  ],
  exports: [UnitOfWork],
})
export class PersistenceModule {}
