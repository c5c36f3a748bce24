import { useTestApi } from '../../test/api';
import { createAccessScene, describeAccessTable, type AccessScene } from '../../test/access-table';
import { accountCases, organisationCases } from '../../test/access/organisations';

const env = useTestApi({ config: { rateLimit: { uploadsPerMinute: 1000, loginPerMinute: 1000 } } });
let scene: AccessScene;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
});

describeAccessTable('organisations, people, keys and uploads', organisationCases, () => scene);

describeAccessTable('accounts of the espace pro: password resets, invitations, team', accountCases, () => scene);
