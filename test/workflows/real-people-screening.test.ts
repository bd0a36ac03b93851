/**
 * People's names through the real pipeline (PostgreSQL + Temporal): the screening activity passes
 * the names of the request's cameos and of the registered characters the prompt names, so a person
 * who is a cameo on the request, or a registered character, is not held as a real person, while
 * the same name without them is (category real_person, with a reason naming the person).
 */
import { randomInt } from 'node:crypto';
import { connectTestContext, createCameo, createCreator, submit, waitForStatus, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** An invented family name no other test uses, capitalised as a name is. */
const familyName = () => `Q${Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;

async function screeningOf(requestId: string) {
  await waitForStatus(ctx.db, requestId, ['blocked', 'prompt_review', 'consent_check', 'generating', 'moderating', 'signing', 'clip_review', 'published', 'rejected']);
  return ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
}

// An election-news phrase holds every request for prompt review, so nothing is rendered here;
// what is checked is which categories the screening found.
const held = (name: string) => `Breaking news footage: ${name} at a polling station on election day`;

it('a person named by their own cameo on the request is not a real person to hold; without the cameo they are', async () => {
  const owner = await createCreator(ctx.db);
  const name = `Sarah ${familyName()}`;
  const cameo = await createCameo(ctx.db, owner.id, 'everyone');
  await ctx.db.updateTable('cameos').set({ display_name: name }).where('id', '=', cameo.id).execute();
  const creator = await createCreator(ctx.db);

  const withCameo = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt: held(name), cameoIds: [cameo.id] })).requestId);
  const without = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt: held(name) })).requestId);

  expect(withCameo.categories).not.toContain('real_person');
  expect(withCameo.reasons.some((r) => r.includes(`"${name}"`) && r.includes('a cameo this request carries'))).toBe(true);
  expect(without.categories).toContain('real_person');
  const match = without.matches.find((m) => m.category === 'real_person')!;
  expect(held(name).slice(match.start, match.end)).toBe(name);
  expect(without.reasons.some((r) => r.includes(`"${name}"`) && r.includes('consented'))).toBe(true);
});

it('a registered character named in the prompt is not held as a real person, though the request does not carry it', async () => {
  const owner = await createCreator(ctx.db);
  const name = `Captain ${familyName()}`;
  const character = await createCameo(ctx.db, owner.id, 'everyone');
  const creator = await createCreator(ctx.db);

  // Before it is registered as a character, the titled name reads as a person's.
  const before = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt: held(name) })).requestId);
  expect(before.categories).toContain('real_person');

  await ctx.db.updateTable('cameos').set({ display_name: name, kind: 'character' }).where('id', '=', character.id).execute();
  const after = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt: held(name) })).requestId);
  expect(after.categories).not.toContain('real_person');
  expect(after.reasons.some((r) => r.includes('a registered character'))).toBe(true);
});
