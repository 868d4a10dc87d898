import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { ErrorBody } from '@app/contracts';
import { DomainError } from '@app/core';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DatabaseUnavailable,
  isDatabaseUnreachable,
} from '@app/persistence';
import { withoutLinkTokens } from './log-redaction';

/** body-parser and raw-body errors carry their status and a `type`. */
interface ParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

const PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'request body is not valid JSON',
  'entity.too.large': 'request body is too large',
  'encoding.unsupported': 'unsupported content encoding',
  'charset.unsupported': 'unsupported charset',
  'request.aborted': 'request aborted',
  'request.size.invalid': 'request size did not match Content-Length',
};

/**
 * Every error leaves as `{statusCode, error, message, code?, details?, requestId}`, with the
 * stable `code` of domain errors.
 * Anything that is not a known error type is logged with its stack and
 * answered as a bare 500: no internals in the body.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request & { id?: string }>();
    if (isDatabaseUnreachable(exception)) {
      this.logger.warn(
        { err: exception, requestId: request.id, path: withoutLinkTokens(request.path) },
        'database unreachable: answered 503',
      );
      exception = new DatabaseUnavailable();
      if (!response.headersSent)
        response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && !(exception instanceof DatabaseUnavailable)) {
      this.logger.error(
        { err: exception, requestId: request.id, path: withoutLinkTokens(request.path) },
        'unhandled error',
      );
    }
    body.requestId = typeof request.id === 'string' ? request.id : undefined;
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        ...body(exception.status, exception.message, exception.details),
        code: exception.code,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return body(
        status,
        status === 404 && message.startsWith('Cannot ') ? 'no such route' : message,
      );
    }
    const parser = exception as ParserError | null;
    const status = parser?.status ?? parser?.statusCode;
    if (
      typeof parser?.type === 'string' &&
      typeof status === 'number' &&
      status >= 400 &&
      status < 500
    ) {
      return body(status, PARSER_MESSAGES[parser.type] ?? 'malformed request');
    }
    return body(500, 'internal error');
  }
}

function body(statusCode: number, message: string, details?: ErrorBody['details']): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    ...(details && details.length > 0 ? { details } : {}),
  };
}
