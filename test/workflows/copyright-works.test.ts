/**
 * The works registry through the console's procedures and the real pipeline (issue 13): an import
 * with bad rows writes nothing and names each line; a live entry blocks a prompt naming its
 * character under a new stored policy version; an entry in shadow is recorded on the screening
 * without acting, a backtest over stored prompts shows what promoting it would change, and after
 * promotion it acts; a holder's "allow with conditions" sends the prompt to review with the
 * conditions in the reviewer's reasons; the stance is admin-only (switching it is not exercised
 * here: other files share the database and rely on the default). Roles are checked on every procedure.
 */
import { randomInt } from 'node:crypto';
import { callerAs, connectTestContext, createCreator, createStaff, submit, waitForStatus, type TestContext } from '../support/fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

/** An invented character name no other test's prompt contains. */
const invented = (prefix: string) => `${prefix} ${Array.from({ length: 7 }, () => String.fromCharCode(97 + randomInt(26))).join('')}q`;

async function screeningOf(requestId: string) {
  await waitForStatus(ctx.db, requestId, ['blocked', 'prompt_review', 'consent_check', 'generating', 'moderating', 'signing', 'clip_review', 'published', 'rejected']);
  return ctx.db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
}

const auditOf = (action: string, subjectId: string) =>
  ctx.db.selectFrom('audit_log').select(['action', 'actor_label', 'after']).where('action', '=', action).where('subject_id', '=', subjectId).execute();

it('refuses a file with bad rows as a whole, naming each line, and writes nothing', async () => {
  const legal = await createStaff(ctx.db, 'legal');
  const good = invented('Ferro Falcon');
  const text = `name,kind,aliases,rule,territories,public_domain\n${good},character,es=Halcón Ferro,block,US|ID,no\n,character,,,,\nBad Kind,planet,,,,\nBad Rule,work,,forbid,,\nBad Land,brand,,,Atlantis,\n`;
  await expect(callerAs(ctx, legal).copyrightWorks.import({ fileName: 'bad.csv', text, dryRun: false })).rejects.toMatchObject({
    code: 'BAD_REQUEST',
    message: expect.stringMatching(/bad\.csv: 4 rows have problems; nothing was imported\..*Line 3: name: name is required\..*Line 4: kind: kind must be character, work or brand\..*Line 5: rule: rule must be allow, review, block or empty\..*Line 6: territories\.0: a territory is an ISO 3166-1 alpha-2 code/s),
  });
  expect(await ctx.db.selectFrom('copyright_entities').select('id').where('name', '=', good).execute()).toEqual([]);
  // Every problem of a line is named, not only the first.
  const manyWrongs = 'name,kind,territories,rule,public_domain,source_date\nMany Wrongs,work,Atlantis,ban,maybe,notadate\n';
  await expect(callerAs(ctx, legal).copyrightWorks.import({ fileName: 'wrongs.csv', text: manyWrongs, dryRun: true })).rejects.toMatchObject({
    code: 'BAD_REQUEST',
    message: expect.stringMatching(/Line 2: territories\.0: a territory is .*; rule: rule must be allow, review, block or empty; publicDomain: public_domain must be true or false; sourceDate: source_date must be a date written YYYY-MM-DD\./),
  });
  await expect(callerAs(ctx, legal).copyrightWorks.import({ fileName: 'bad.json', text: '[{"name": "X"}]', dryRun: true })).rejects.toMatchObject({
    code: 'BAD_REQUEST', message: expect.stringContaining('Entry 1: kind: kind must be character, work or brand.'),
  });
});

it('a live import blocks the character under a new stored policy version; an allow with conditions goes to review', async () => {
  const legal = await createStaff(ctx.db, 'legal');
  const creator = await createCreator(ctx.db);
  const name = invented('Ferro Falcon');
  const prompt = `${name} gliding over a mountain lake at dawn`;
  const before = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt })).requestId);
  expect(before.categories).not.toContain('copyright');

  const file = JSON.stringify([{ name, kind: 'character', owner: 'Ferro Studios', aliases: [{ name: `${name} 鷹`, lang: 'ja' }], rule: 'block', enforcement: 'live', licence: 'rights holder list' }]);
  const preview = await callerAs(ctx, legal).copyrightWorks.import({ fileName: 'ferro.json', text: file, dryRun: true });
  expect(preview).toMatchObject({ dryRun: true, rows: 1, live: 1 });
  expect(await ctx.db.selectFrom('copyright_entities').select('id').where('name', '=', name).execute()).toEqual([]);
  const applied = await callerAs(ctx, legal).copyrightWorks.import({ fileName: 'ferro.json', text: file, dryRun: false });
  expect(applied.ids).toHaveLength(1);
  expect(await auditOf('copyright.works.import', 'ferro.json')).toContainEqual(expect.objectContaining({ actor_label: legal.email }));

  const afterRequest = await submit(ctx, { creatorId: creator.id, prompt });
  expect((await ctx.temporal.workflow.getHandle(afterRequest.requestId).result()).status).toBe('blocked');
  const after = await screeningOf(afterRequest.requestId);
  expect(after).toMatchObject({ verdict: 'block', categories: ['copyright'] });
  expect(after.reasons.join(' ')).toContain(`"${name}" (owner Ferro Studios), holder rule block`);
  expect(after.policy_version).not.toBe(before.policy_version);
  const stored = await ctx.db.selectFrom('policy_versions').select('registries').where('version', '=', after.policy_version).executeTakeFirstOrThrow();
  expect(stored.registries.copyrightedWorks?.find((w) => w.name === name)).toMatchObject({ action: 'block', rule: 'block' });

  // The holder later allows it with conditions: a person reads them.
  await callerAs(ctx, legal).copyrightWorks.edit({ id: applied.ids[0]!, rule: 'allow', conditions: 'Only in daylight scenes.' });
  const conditionalRequest = await submit(ctx, { creatorId: creator.id, prompt });
  const conditional = await screeningOf(conditionalRequest.requestId);
  expect(conditional.verdict).toBe('review');
  expect(conditional.reasons.join(' ')).toContain('conditions: Only in daylight scenes.');
  // The reviewer reads the holder's conditions on the review screen ("Why it is here").
  await waitForStatus(ctx.db, conditionalRequest.requestId, ['prompt_review']);
  const item = await ctx.db.selectFrom('review_items').select('flag_reasons').where('request_id', '=', conditionalRequest.requestId).where('kind', '=', 'prompt').executeTakeFirstOrThrow();
  expect(item.flag_reasons.join(' ')).toContain('conditions: Only in daylight scenes.');
  expect(await auditOf('copyright.work.edit', applied.ids[0]!)).toHaveLength(1);
});

it('a shadow entry is recorded without acting, backtested over stored prompts, then promoted to act', async () => {
  const legal = await createStaff(ctx.db, 'legal');
  const manager = await createStaff(ctx.db, 'policy_manager');
  const creator = await createCreator(ctx.db);
  const name = invented('Quill Kraken');
  const prompt = `${name} rising from a stormy sea`;
  const fileName = `kraken-${randomInt(1e9)}.csv`;
  await callerAs(ctx, legal).copyrightWorks.import({ fileName, text: `name,kind,owner\n${name},character,Deep Sea Media\n`, dryRun: false });

  const shadowed = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt })).requestId);
  expect(shadowed.verdict).not.toBe('block');
  expect(shadowed.categories).not.toContain('copyright');
  expect(shadowed.matches).toContainEqual(expect.objectContaining({ ruleId: 'registry.copyright.shadow', action: 'allow' }));
  expect(shadowed.reasons.join(' ')).toContain(`would block "${name}" once promoted; not acting`);

  await expect(callerAs(ctx, legal).copyrightWorks.promote({ which: { source: `import ${fileName}` } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  const backtest = await callerAs(ctx, manager).copyrightWorks.backtest({ which: { source: `import ${fileName}` }, limit: 5000 });
  expect(backtest.entries).toBe(1);
  expect(backtest.changed).toContainEqual(expect.objectContaining({ prompt, promotedVerdict: 'block' }));
  expect(backtest.promotedVersion).not.toBe(backtest.liveVersion);

  expect(await callerAs(ctx, manager).copyrightWorks.promote({ which: { source: `import ${fileName}` } })).toEqual({ promoted: 1 });
  const promoted = await screeningOf((await submit(ctx, { creatorId: creator.id, prompt })).requestId);
  expect(promoted).toMatchObject({ verdict: 'block', categories: ['copyright'] });
  expect(await auditOf('copyright.works.promote', `import ${fileName}`)).toHaveLength(1);
});

it('only admins may switch the stance, and setting the current one changes nothing; reading the registry needs a copyright role', async () => {
  const admin = await createStaff(ctx.db, 'admin');
  const legal = await createStaff(ctx.db, 'legal');
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const auditor = await createStaff(ctx.db, 'auditor');
  await expect(callerAs(ctx, legal).copyrightWorks.setStance({ stance: 'opt_out' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, reviewer).copyrightWorks.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, auditor).copyrightWorks.edit({ id: '00000000-0000-4000-8000-000000000000', rule: 'block' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  await expect(callerAs(ctx, admin).copyrightWorks.setStance({ stance: 'sometimes' as 'opt_in' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  // Setting the stance it already has changes nothing and writes no audit entry; other files rely on the default (opt_in).
  expect(await callerAs(ctx, admin).copyrightWorks.setStance({ stance: 'opt_in' })).toEqual({ stance: 'opt_in', changed: false });
  const page = await callerAs(ctx, legal).copyrightWorks.list({ limit: 5 });
  expect(page.stance).toBe('opt_in');
  expect(page.rows.length).toBeLessThanOrEqual(5);
});
