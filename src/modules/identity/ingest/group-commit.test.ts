import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCommit } from './group-commit.js';

/** A fake database: records each transaction's items, fails those holding a poisoned item. */
function recorder(poison = -1) {
  const transactions: number[][] = [];
  let open = 0;
  let overlapped = false;
  return {
    transactions,
    overlapped: () => overlapped,
    async commit(items: number[]): Promise<string[]> {
      open += 1;
      if (open > 1) overlapped = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      open -= 1;
      if (items.includes(poison)) throw new Error(`item ${poison} is refused`);
      transactions.push(items);
      return items.map((item) => `stored ${item}`);
    },
  };
}

test('calls that arrive while a transaction is written share the next one, one transaction at a time', async () => {
  const db = recorder();
  const queue = groupCommit({ commit: (items: number[]) => db.commit(items), maxItems: 100 });
  const first = queue.submit([0]);
  // These arrive while the first transaction is being written.
  await new Promise((resolve) => setImmediate(resolve));
  const rest = Array.from({ length: 10 }, (_, i) => queue.submit([i + 1]));
  assert.deepEqual(await first, ['stored 0']);
  assert.deepEqual(await Promise.all(rest), Array.from({ length: 10 }, (_, i) => [`stored ${i + 1}`]));
  assert.deepEqual(db.transactions, [[0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  assert.equal(db.overlapped(), false);
});

test('a batch stays whole, answers keep their order, and a group never goes past maxItems (a bigger batch goes alone)', async () => {
  const db = recorder();
  const queue = groupCommit({ commit: (items: number[]) => db.commit(items), maxItems: 4 });
  const answers = await Promise.all([queue.submit([1, 2]), queue.submit([3, 4]), queue.submit([5, 6, 7, 8, 9]), queue.submit([10])]);
  assert.deepEqual(answers, [['stored 1', 'stored 2'], ['stored 3', 'stored 4'], ['stored 5', 'stored 6', 'stored 7', 'stored 8', 'stored 9'], ['stored 10']]);
  assert.deepEqual(db.transactions, [[1, 2, 3, 4], [5, 6, 7, 8, 9], [10]]);
});

test('a submission that fails does not fail the others it was grouped with', async () => {
  const db = recorder(3);
  const queue = groupCommit({ commit: (items: number[]) => db.commit(items), maxItems: 100 });
  const results = await Promise.allSettled([queue.submit([1]), queue.submit([2, 3]), queue.submit([4])]);
  assert.deepEqual(results[0], { status: 'fulfilled', value: ['stored 1'] });
  assert.equal(results[1]!.status, 'rejected');
  assert.match(String((results[1] as PromiseRejectedResult).reason), /item 3 is refused/);
  assert.deepEqual(results[2], { status: 'fulfilled', value: ['stored 4'] });
  // The grouped transaction failed (nothing of it kept), then each submission went alone.
  assert.deepEqual(db.transactions, [[1], [4]]);
});

test('drain waits for everything submitted', async () => {
  const db = recorder();
  const queue = groupCommit({ commit: (items: number[]) => db.commit(items), maxItems: 2 });
  const pending = [queue.submit([1]), queue.submit([2]), queue.submit([3])];
  await queue.drain();
  assert.deepEqual(db.transactions.flat(), [1, 2, 3]);
  await Promise.all(pending);
  await queue.drain();
});
