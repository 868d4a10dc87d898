import { ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { Conflict, InvalidInput, Locked, Refused } from '@app/core';
import { ErrorFilter } from './error.filter';

function respond(exception: unknown) {
  const response = { statusCode: 0, body: undefined as unknown, headersSent: false };
  const res = {
    headersSent: false,
    status(code: number) {
      response.statusCode = code;
      return this;
    },
    json(body: unknown) {
      response.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => res,
      getRequest: () => ({ id: 'req-1', path: '/x' }),
    }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return response;
}

describe('ErrorFilter', () => {
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => logged.mockRestore());

  it.each<[string, unknown, number, string, string]>([
    [
      'a domain error with its status',
      new Conflict('already published'),
      409,
      'Conflict',
      'already published',
    ],
    [
      'a lockout',
      new Locked('account temporarily locked'),
      423,
      'Locked',
      'account temporarily locked',
    ],
    [
      'a Nest HTTP exception',
      new BadRequestException('bad thing'),
      400,
      'Bad Request',
      'bad thing',
    ],
    [
      'an unmatched route',
      new NotFoundException('Cannot GET /nope'),
      404,
      'Not Found',
      'no such route',
    ],
    [
      'a malformed JSON body',
      Object.assign(new SyntaxError('Unexpected token'), {
        status: 400,
        type: 'entity.parse.failed',
      }),
      400,
      'Bad Request',
      'request body is not valid JSON',
    ],
    [
      'an oversized body',
      Object.assign(new Error('too large'), { status: 413, type: 'entity.too.large' }),
      413,
      'Payload Too Large',
      'request body is too large',
    ],
  ])('maps %s', (_name, exception, statusCode, error, message) => {
    expect(respond(exception)).toMatchObject({
      statusCode,
      body: { statusCode, error, message, requestId: 'req-1' },
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('gives domain errors their stable code, and only them', () => {
    expect(respond(new Refused('question_limit_reached', 'limit reached')).body).toMatchObject({
      statusCode: 409,
      code: 'question_limit_reached',
    });
    expect(respond(new Conflict('already published')).body).toMatchObject({ code: 'conflict' });
    expect(respond(new BadRequestException('bad thing')).body).not.toHaveProperty('code');
  });

  it('keeps field-level details', () => {
    const { body } = respond(
      new InvalidInput('request validation failed', [
        { field: 'email', message: 'email must be an email' },
      ]),
    );
    expect(body).toMatchObject({
      details: [{ field: 'email', message: 'email must be an email' }],
    });
  });

  it.each([
    ['a plain error', new Error('relation "app_user" does not exist at /srv/app/dist/x.js:12')],
    ['a thrown string', 'connection string postgres://u:secret@db/x'],
    ['null', null],
    [
      'a parser-looking 5xx',
      Object.assign(new Error('x'), { status: 500, type: 'stream.not.readable' }),
    ],
  ])('answers %s with a bare, logged 500 that leaks nothing', (_name, exception) => {
    const { statusCode, body } = respond(exception);
    expect(statusCode).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error',
      requestId: 'req-1',
    });
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
