import type { DataSource } from 'typeorm';
import { AuthService } from './auth/auth.service';
import type { Viewer } from './auth/viewer';
import type { Logger } from './logger';
import { OrganisationService } from './organisations/organisation.service';
import { createTerritoryLoaders, type TerritoryLoaders } from './territory/territory.loaders';
import { TerritoryService } from './territory/territory.service';

/** Long-lived pieces shared by every request (the composition root builds them once). */
export interface AppDependencies {
  dataSource: DataSource;
  auth: AuthService;
  logger: Logger;
}

/** What every resolver receives: the viewer, per-request loaders and services built for that viewer. */
export interface RequestContext {
  requestId: string;
  ip: string;
  viewer: Viewer | null;
  logger: Logger;
  loaders: TerritoryLoaders;
  services: {
    auth: AuthService;
    territory: TerritoryService;
    /** Needs a viewer; resolvers reach it only behind @Authorized. */
    organisations(): OrganisationService;
  };
}

export interface CreateRequestContextOptions {
  deps: AppDependencies;
  requestId: string;
  ip: string;
  viewer: Viewer | null;
}

export function createRequestContext({ deps, requestId, ip, viewer }: CreateRequestContextOptions): RequestContext {
  const logger = deps.logger.child({ requestId });
  return {
    requestId,
    ip,
    viewer,
    logger,
    loaders: createTerritoryLoaders(deps.dataSource),
    services: {
      auth: deps.auth,
      territory: new TerritoryService(deps.dataSource),
      organisations: () => {
        if (!viewer) throw new Error('organisations service requires a viewer');
        return new OrganisationService({ dataSource: deps.dataSource, viewer });
      },
    },
  };
}
