import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Organisation } from '../organisations/organisation.entity';
import { UserAccount } from './user-account.entity';

export enum ViewerKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(ViewerKind, {
  name: 'ViewerKind',
  description: 'How the caller authenticated.',
  valuesConfig: { USER: { description: 'A person, with an access token.' }, API_KEY: { description: "A machine, with an organisation's API key." } },
});

@ObjectType({ description: 'The authenticated caller.' })
export class Me {
  @Field(() => ViewerKind, { description: 'Person or machine.' })
  kind: ViewerKind;

  @Field(() => Organisation, { description: 'The organisation the caller acts for.' })
  organisation: Organisation;

  @Field(() => UserAccount, { nullable: true, description: 'The person, when the caller is one.' })
  user: UserAccount | null;

  @Field(() => [String], { description: 'What the caller may do, e.g. "agenda:write".' })
  scopes: string[];
}

@ObjectType({ description: 'A successful login.' })
export class LoginResult {
  @Field({ description: 'Access token, sent as "Authorization: Bearer <token>".' })
  token: string;

  @Field({ description: 'When the token stops working; log in again then.' })
  expiresAt: Date;

  @Field(() => UserAccount, { description: 'The person logged in.' })
  user: UserAccount;

  @Field(() => Organisation, { description: 'Their organisation.' })
  organisation: Organisation;
}
