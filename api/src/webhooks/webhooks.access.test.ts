import { useTestApi } from '../../test/api';
import { createAccessScene, describeAccessTable, type AccessScene } from '../../test/access-table';
import { webhookCases } from '../../test/access/webhooks';

const env = useTestApi({ config: { rateLimit: { loginPerMinute: 1000 } } });
let scene: AccessScene;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
});

describeAccessTable('webhook subscriptions', webhookCases, () => scene);
