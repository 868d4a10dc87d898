import type { types } from 'mediasoup';

/** A mediasoup object whose observer says when it closes. */
interface Closing {
  observer: { once(event: 'close', listener: () => void): unknown };
}

/** The mediasoup objects alive on this instance's workers. */
export interface MediaCounts {
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
}

/**
 * Counts what lives on the workers it tracks from mediasoup's observer events, whoever creates
 * it (rooms, peers, pipes between routers): every object's `close` comes once, also when its
 * router or worker closes or dies under it.
 */
export class MediaObjectCounts {
  private readonly counts: MediaCounts = { routers: 0, transports: 0, producers: 0, consumers: 0 };

  get current(): MediaCounts {
    return { ...this.counts };
  }

  track(worker: Pick<types.Worker, 'observer'>): void {
    worker.observer.on('newrouter', (router) => {
      this.count('routers', router);
      router.observer.on('newtransport', (transport) => {
        this.count('transports', transport);
        transport.observer.on('newproducer', (producer) => this.count('producers', producer));
        transport.observer.on('newconsumer', (consumer) => this.count('consumers', consumer));
      });
    });
  }

  private count(kind: keyof MediaCounts, object: Closing): void {
    this.counts[kind] += 1;
    object.observer.once('close', () => {
      this.counts[kind] -= 1;
    });
  }
}
