import { QueryFailedError } from 'typeorm';
import { isDatabaseUnreachable } from './database-unavailable';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('telling an unreachable database from a wrong request', () => {
  it.each([
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', pgError('ECONNRESET')],
    ['an unknown host', pgError('ENOTFOUND')],
    [
      'an administrator shutdown',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server starting up', pgError('57P03', 'the database system is starting up')],
    ['too many connections', pgError('53300')],
    ['a connection failure', pgError('08006')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a driver error wrapped by TypeORM', new QueryFailedError('SELECT 1', [], pgError('57P01'))],
    ['a cause chain', Object.assign(new Error('outer'), { cause: pgError('ECONNREFUSED') })],
  ])('%s is unreachable', (_name, error) => {
    expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value')],
    ['a not-null violation', pgError('23502')],
    ['invalid text', pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['a serialization failure', pgError('40001')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a wrapped constraint error', new QueryFailedError('INSERT', [], pgError('23505'))],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s is not', (_name, error) => {
    expect(isDatabaseUnreachable(error)).toBe(false);
  });
});
