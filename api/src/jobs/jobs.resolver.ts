import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { notFound } from '../common/errors';
import type { RequestContext } from '../context';
import { FailedJobView } from './jobs.types';

@Resolver()
export class JobsResolver {
  @Authorized('platform:admin')
  @Query(() => [FailedJobView], { description: 'Jobs that spent every attempt, newest first (the Pôle).' })
  async failedJobs(@Ctx() ctx: RequestContext): Promise<FailedJobView[]> {
    const letters = await ctx.services.deadLetters().deadLetters(100);
    return letters.map((letter) => ({ id: letter.id, kind: letter.source, summary: letter.summary, attempts: letter.attempts, error: letter.error, failedAt: letter.failedAt }));
  }

  @Authorized('platform:admin')
  @Mutation(() => Boolean, { description: 'Runs a failed job again, with fresh attempts (after the mail server is back, say).' })
  async retryFailedJob(@Arg('id', () => ID, { description: 'The failed job (its id in failedJobs).' }) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    if (!(await ctx.services.deadLetters().retryDeadLetter(id))) throw notFound('Failed job', id);
    return true;
  }

  @Authorized('platform:admin')
  @Mutation(() => Boolean, { description: 'Forgets a failed job.' })
  async discardFailedJob(@Arg('id', () => ID, { description: 'The failed job (its id in failedJobs).' }) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    if (!(await ctx.services.deadLetters().discardDeadLetter(id))) throw notFound('Failed job', id);
    return true;
  }
}
