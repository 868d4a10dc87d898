import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule, AppRuntime } from './app.module';
import { configureHttp } from './http/configure-http';
import { DirectSocketAdapter } from './realtime/direct-socket-adapter';
import { SharedSocketAdapter } from './realtime/shared-socket-adapter';

/** Builds and initialises the fully configured application (lifecycle hooks run), without listening. */
export async function createApp(runtime: AppRuntime): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(runtime), {
    bufferLogs: true,
    bodyParser: false,
    forceCloseConnections: true,
  });
  app.useLogger(app.get(Logger));
  configureHttp(app, runtime.config);
  if (runtime.config.redisUrl) {
    const adapter = new SharedSocketAdapter(app, runtime.config.redisUrl);
    await adapter.ready();
    app.useWebSocketAdapter(adapter);
  } else app.useWebSocketAdapter(new DirectSocketAdapter(app));
  await app.init();
  return app;
}
