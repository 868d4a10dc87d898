export * from './webhooks';
export * from './voting.module';
export * from './voting-settings';
export * from './votes.service';
export * from './recommendations.service';
export * from './domain';
export * from './dto/voting.dto';
export * from './report';
