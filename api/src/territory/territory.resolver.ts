import { Arg, Args, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { ForwardPageArgs } from '../common/pagination';
import type { RequestContext } from '../context';
import { GraphQLJSONObject } from 'graphql-scalars';
import { BoundingBox, Commune, GeoPoint, type CommuneGeometry } from './commune.entity';
import { Department } from './department.entity';
import { Epci } from './epci.entity';
import { Region } from './region.entity';
import { CommuneConnection, CommuneFilter, Territory } from './territory.types';

@Resolver(() => Territory)
export class TerritoryResolver {
  @Query(() => Territory, { description: 'The Nord Franche-Comté territory, with its figures.' })
  territory(@Ctx() ctx: RequestContext): Promise<Territory> {
    return ctx.services.territory.getTerritory();
  }

  @Query(() => [Epci], { description: 'The member EPCI of the Pôle, largest first.' })
  epcis(@Ctx() ctx: RequestContext): Promise<Epci[]> {
    return ctx.services.territory.listEpcis();
  }

  @Query(() => Epci, { description: 'One member EPCI by SIREN. NOT_FOUND when it is not a member.' })
  epci(@Arg('siren', { description: 'SIREN (9 digits).' }) siren: string, @Ctx() ctx: RequestContext): Promise<Epci> {
    return ctx.services.territory.getEpci(siren);
  }

  @Query(() => CommuneConnection, { description: 'Communes of the territory in name order, filtered and paginated.' })
  communes(
    @Arg('filter', () => CommuneFilter, { nullable: true, description: 'Criteria, combined with AND.' }) filter: CommuneFilter | null,
    @Args(() => ForwardPageArgs) page: ForwardPageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<CommuneConnection> {
    return ctx.services.territory.listCommunes({ filter, first: page.first, after: page.after });
  }

  @Query(() => Commune, { description: 'One commune by INSEE code. NOT_FOUND outside the territory.' })
  commune(@Arg('inseeCode', { description: 'INSEE code (5 characters).' }) inseeCode: string, @Ctx() ctx: RequestContext): Promise<Commune> {
    return ctx.services.territory.getCommune(inseeCode);
  }

  @Query(() => [Commune], { description: 'Communes of the territory served by a postal code (often several).' })
  communesByPostalCode(@Arg('postalCode', { description: 'Postal code (5 digits).' }) postalCode: string, @Ctx() ctx: RequestContext): Promise<Commune[]> {
    return ctx.services.territory.communesByPostalCode(postalCode);
  }

  @Query(() => Commune, { nullable: true, description: 'The commune of the territory containing a point, or null outside the territory.' })
  communeAt(
    @Arg('lat', () => Float, { description: 'Latitude (WGS 84).' }) lat: number,
    @Arg('lon', () => Float, { description: 'Longitude (WGS 84).' }) lon: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Commune | null> {
    return ctx.services.territory.communeAt(lat, lon);
  }
}

@Resolver(() => Territory)
export class TerritoryFieldsResolver {
  @FieldResolver(() => [Epci], { description: 'The five member EPCI, largest first.' })
  epcis(@Ctx() ctx: RequestContext): Promise<Epci[]> {
    return ctx.services.territory.listEpcis();
  }
}

@Resolver(() => Epci)
export class EpciResolver {
  @FieldResolver(() => [Commune], { description: 'Member communes, in name order.' })
  communes(@Root() epci: Epci, @Ctx() ctx: RequestContext): Promise<Commune[]> {
    return ctx.loaders.communesByEpci.load(epci.siren);
  }

  @FieldResolver(() => Int, { description: 'Number of member communes.' })
  communeCount(@Root() epci: Epci, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.loaders.communeCountByEpci.load(epci.siren);
  }
}

@Resolver(() => Commune)
export class CommuneResolver {
  @FieldResolver(() => Epci, { description: 'The EPCI the commune belongs to.' })
  epci(@Root() commune: Commune, @Ctx() ctx: RequestContext): Epci | Promise<Epci> {
    // Read with the commune when it came with an event (event-rows.ts): answered at once.
    return commune.epci ?? ctx.loaders.epciBySiren.load(commune.epciSiren).then((epci) => epci!);
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Boundary as a GeoJSON Polygon or MultiPolygon (IGN Admin Express COG 2018, Licence Ouverte).' })
  async geometry(@Root() commune: Commune, @Ctx() ctx: RequestContext): Promise<CommuneGeometry> {
    // A commune read with an event comes without its boundary, which lists never show.
    return commune.geometry ?? (await ctx.loaders.communeGeometryByInsee.load(commune.inseeCode))!;
  }

  @FieldResolver(() => Department, { description: 'The department the commune lies in.' })
  async department(@Root() commune: Commune, @Ctx() ctx: RequestContext): Promise<Department> {
    return (await ctx.loaders.departmentByCode.load(commune.departmentCode))!;
  }

  @FieldResolver(() => GeoPoint, { description: 'A point inside the commune (centre of mass, or a point on its surface for odd shapes).' })
  centroid(@Root() commune: Commune): GeoPoint {
    return { lat: commune.centroidLat, lon: commune.centroidLon };
  }

  @FieldResolver(() => BoundingBox, { description: 'The bounding box of the boundary.' })
  bbox(@Root() commune: Commune): BoundingBox {
    return { minLon: commune.minLon, minLat: commune.minLat, maxLon: commune.maxLon, maxLat: commune.maxLat };
  }
}

@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => Region, { description: 'The region the department belongs to.' })
  async region(@Root() department: Department, @Ctx() ctx: RequestContext): Promise<Region> {
    return (await ctx.loaders.regionByCode.load(department.regionCode))!;
  }
}
