import { Field, ObjectType } from 'type-graphql';
import { ApiKey } from '../auth/api-key.entity';

@ObjectType({ description: 'A newly issued API key. The secret `key` is shown only here, once.' })
export class IssuedApiKey {
  @Field({ description: 'The secret to send as "Authorization: Bearer <key>". Store it now: it cannot be shown again.' })
  key: string;

  @Field(() => ApiKey, { description: 'The stored key, without its secret.' })
  apiKey: ApiKey;
}
