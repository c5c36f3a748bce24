import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A job that failed every attempt (an e-mail that could not be delivered, a kit build…), kept a month for the Pôle to retry or discard.' })
export class FailedJobView {
  @Field(() => ID, { description: 'The dead letter.' }) id: string;
  @Field({ description: 'The kind of job: mail.send, brand.kit, media.sweep…' }) kind: string;
  @Field({ description: 'What it was about (for an e-mail: its kind and recipient; never its content).' }) summary: string;
  @Field(() => Int, { description: 'Attempts made.' }) attempts: number;
  @Field(() => String, { nullable: true, description: 'The last error, as the job saw it.' }) error: string | null;
  @Field(() => GraphQLISODateTime, { description: 'When it gave up.' }) failedAt: Date;
}
