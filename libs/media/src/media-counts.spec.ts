import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { MediaObjectCounts } from './media-counts';

/** Stands for a mediasoup object: only its observer, which emits `new…` and `close`. */
const observed = () => ({ observer: new EventEmitter() });

describe('MediaObjectCounts', () => {
  it('counts the routers, transports, producers and consumers created on a tracked worker until each closes', () => {
    const counts = new MediaObjectCounts();
    const worker = observed();
    counts.track(worker as unknown as types.Worker);
    const router = observed();
    const transports = [observed(), observed()];
    const producer = observed();
    const consumers = [observed(), observed(), observed()];

    worker.observer.emit('newrouter', router);
    for (const transport of transports) router.observer.emit('newtransport', transport);
    transports[0].observer.emit('newproducer', producer);
    for (const consumer of consumers) transports[1].observer.emit('newconsumer', consumer);
    expect(counts.current).toEqual({ routers: 1, transports: 2, producers: 1, consumers: 3 });

    consumers[0].observer.emit('close');
    producer.observer.emit('close');
    expect(counts.current).toEqual({ routers: 1, transports: 2, producers: 0, consumers: 2 });

    for (const object of [...consumers.slice(1), ...transports, router])
      object.observer.emit('close');
    expect(counts.current).toEqual({ routers: 0, transports: 0, producers: 0, consumers: 0 });
  });

  it('counts a close once, however often it is told', () => {
    const counts = new MediaObjectCounts();
    const worker = observed();
    counts.track(worker as unknown as types.Worker);
    const router = observed();
    worker.observer.emit('newrouter', router);
    router.observer.emit('close');
    router.observer.emit('close');
    expect(counts.current.routers).toBe(0);
  });

  it('adds up several workers', () => {
    const counts = new MediaObjectCounts();
    const workers = [observed(), observed()];
    for (const worker of workers) {
      counts.track(worker as unknown as types.Worker);
      worker.observer.emit('newrouter', observed());
    }
    expect(counts.current.routers).toBe(2);
  });
});
