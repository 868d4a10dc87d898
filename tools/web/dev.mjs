#!/usr/bin/env node
// `npm run start:dev`: the Nest server in watch mode and the Vite dev server with hot reload
// (http://localhost:5173, proxying the API, sockets and notes to the server); Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['nest', 'start', '--watch'], { stdio: 'inherit' }),
  spawn('npx', ['vite', '--config', 'apps/web/vite.config.mts'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) {
  child.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
}
