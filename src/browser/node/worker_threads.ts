/** `worker_threads` in the page's worker: none (the fast engine runs on one thread in the page). */
export class Worker {
  constructor() {
    throw new Error("a second training thread is not available in the page; the fast engine runs on one thread here");
  }
}
export const workerData = undefined;
export const isMainThread = true;
