/**
 * WorkSlots (app/services/work-slots.server.ts): per-client and total admission, worker slots
 * taken in arrival order, a waiter that leaves gives its turn up, and releasing twice counts once.
 */
import { WorkSlots } from '../../app/services/work-slots.server';

const tick = () => new Promise((resolve) => setImmediate(resolve));

it('admits at most perClient per client and total in all, and frees places on release', () => {
  const slots = new WorkSlots({ perClient: 2, total: 3, workers: 1 });
  const a1 = slots.admit('a');
  const a2 = slots.admit('a');
  expect(slots.admit('a')).toEqual({ refused: 'client_busy' });
  const b1 = slots.admit('b');
  expect(slots.admit('c')).toEqual({ refused: 'server_busy' });
  for (const admission of [a1, a2, b1]) expect('refused' in admission).toBe(false);
  if ('refused' in a1) throw new Error('unreachable');
  a1.release();
  a1.release();
  expect(slots.counts('a')).toMatchObject({ inProgress: 2, client: 1 });
  expect('refused' in slots.admit('c')).toBe(false);
});

it('runs work in arrival order, one worker slot at a time, and lets a waiter that leaves give up its turn', async () => {
  const slots = new WorkSlots({ perClient: 5, total: 5, workers: 1 });
  const admit = () => {
    const admission = slots.admit('x');
    if ('refused' in admission) throw new Error(`refused: ${admission.refused}`);
    return admission;
  };
  const order: string[] = [];
  let finishFirst!: () => void;
  const first = admit().work(() => new Promise<void>((resolve) => (finishFirst = () => { order.push('first'); resolve(); })));
  const leaving = new AbortController();
  const second = admit().work(async () => { order.push('second'); }, leaving.signal);
  const third = admit().work(async () => { order.push('third'); });
  await tick();
  expect(slots.counts()).toMatchObject({ working: 1, waiting: 2 });
  leaving.abort(new Error('client went away'));
  await expect(second).rejects.toThrow('client went away');
  finishFirst();
  await Promise.all([first, third]);
  expect(order).toEqual(['first', 'third']);
  expect(slots.counts()).toMatchObject({ working: 0, waiting: 0 });
});
