import { Refused } from '@app/core';

/**
 * mediasoup refuses malformed client parameters (RTP, DTLS, capabilities)
 * with a TypeError or UnsupportedError: those are the client's fault.
 */
export async function clientInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError'))
      throw new Refused('invalid_input', error.message);
    throw error;
  }
}
