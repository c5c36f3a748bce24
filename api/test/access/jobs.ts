import { randomUUID } from 'node:crypto';
import { WITHOUT_ACCOUNT, allBut, outcomes, type AccessCase } from '../access-table';

/** The dead-letter list: the Pôle's administrators only (keys never hold platform:admin). */
export const jobCases: AccessCase[] = [
  {
    operation: 'failedJobs',
    state: 'the dead-letter list',
    prepare: async () => ({ query: `{ failedJobs { id kind summary } }` }),
    expect: outcomes({ OK: ['poleAdmin'], FORBIDDEN: allBut(['poleAdmin'], WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
  },
  ...(['retryFailedJob', 'discardFailedJob'] as const).map(
    (operation): AccessCase => ({
      operation,
      state: 'a dead letter that does not exist',
      prepare: async () => ({ query: `mutation($id: ID!) { ${operation}(id: $id) }`, variables: { id: randomUUID() } }),
      expect: outcomes({ NOT_FOUND: ['poleAdmin'], FORBIDDEN: allBut(['poleAdmin'], WITHOUT_ACCOUNT), UNAUTHENTICATED: WITHOUT_ACCOUNT }),
    }),
  ),
];
