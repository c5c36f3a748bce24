import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../context';
import { redactUrl } from '../http/redact-url';
import type { ImportRun, ImportSource } from './import.entities';
import { ImportDryRunView, ImportRunView, ImportSourceInput, ImportSourceUpdateInput, ImportSourceView } from './import.types';

function runView(run: ImportRun): ImportRunView {
  return { ...run, problems: run.problems.map((problem) => ({ ...problem, eventId: null })) };
}

function sourceView(source: ImportSource, runs: ImportRun[]): ImportSourceView {
  return {
    id: source.id,
    name: source.name,
    format: source.format,
    // A feed's address may carry the office's key for that system (OpenAgenda, Apidae): shown without it.
    url: source.url ? redactUrl(source.url) : null,
    fileName: source.fileName,
    hasFile: source.fileLength !== undefined && source.fileLength !== null ? source.fileLength > 0 : Boolean(source.fileContent),
    schedule: source.schedule,
    categoryMapping: Object.entries(source.categoryMapping).map(([from, category]) => ({ source: from, category })),
    defaultCategory: source.defaultCategory,
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
    lastRuns: runs.filter((run) => run.sourceId === source.id).map(runView),
  };
}

/** Import sources: the office's members (and keys) with agenda:write; another office's look missing. */
@Resolver()
export class ImportResolver {
  @Authorized('agenda:write')
  @Query(() => [ImportSourceView], { description: 'Your organisation\'s import sources, by name, each with its last runs.' })
  async importSources(@Ctx() ctx: RequestContext): Promise<ImportSourceView[]> {
    const service = ctx.services.imports();
    const sources = await service.list();
    const runs = await service.runs(sources.map((source) => source.id));
    return sources.map((source) => sourceView(source, runs));
  }

  @Authorized('agenda:write')
  @Query(() => ImportRunView, { description: 'One run of one of your sources, with its item-level problems.' })
  async importRun(@Arg('id', () => ID, { description: 'The run.' }) id: string, @Ctx() ctx: RequestContext): Promise<ImportRunView> {
    return runView(await ctx.services.imports().run(id));
  }

  @Authorized('agenda:write')
  @Mutation(() => ImportSourceView, { description: 'Registers a source (a feed by its url; a file is then sent to POST /imports/sources/<id>/file).' })
  async createImportSource(@Arg('input', () => ImportSourceInput, { description: 'The source.' }) input: ImportSourceInput, @Ctx() ctx: RequestContext): Promise<ImportSourceView> {
    return sourceView(await ctx.services.imports().create({ ...input, fileContent: input.url ? null : '' }), []);
  }

  @Authorized('agenda:write')
  @Mutation(() => ImportSourceView, { description: 'Changes one of your sources.' })
  async updateImportSource(
    @Arg('id', () => ID, { description: 'The source.' }) id: string,
    @Arg('input', () => ImportSourceUpdateInput, { description: 'What changes.' }) input: ImportSourceUpdateInput,
    @Ctx() ctx: RequestContext,
  ): Promise<ImportSourceView> {
    const service = ctx.services.imports();
    const source = await service.update(id, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null)));
    return sourceView(source, await service.runs([source.id]));
  }

  @Authorized('agenda:write')
  @Mutation(() => Boolean, { description: 'Forgets one of your sources and its runs; the events it brought stay yours.' })
  deleteImportSource(@Arg('id', () => ID, { description: 'The source.' }) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.imports().delete(id);
  }

  @Authorized('agenda:write')
  @Mutation(() => ID, { description: 'Queues a run of one of your sources and answers its id (follow it with importRun). While one is queued or running, answers that one.' })
  runImportSource(@Arg('id', () => ID, { description: 'The source.' }) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    return ctx.services.imports().enqueue(id, 'MANUAL');
  }

  @Authorized('agenda:write')
  @Mutation(() => ImportDryRunView, { description: 'What a run of one of your sources would do, item by item, with every reason for a refusal; nothing is written and no image fetched.' })
  async dryRunImportSource(@Arg('id', () => ID, { description: 'The source.' }) id: string, @Ctx() ctx: RequestContext): Promise<ImportDryRunView> {
    const { counts, items } = await ctx.services.imports().dryRun(id);
    return { ...counts, items };
  }
}
