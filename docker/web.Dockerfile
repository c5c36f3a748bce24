# The public website (Astro, Node standalone server). Build from the repository root:
#   docker build -f docker/web.Dockerfile -t nfc-web .
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY shared/package.json shared/
COPY migrations/package.json migrations/
COPY api/package.json api/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY shared shared
COPY web web
RUN npx turbo run build --filter=@nfc/web...

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4321
# A font for the text of the site's share card (/og/site.png, drawn by sharp); the slim image has none.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY migrations/package.json migrations/
COPY api/package.json api/
COPY web/package.json web/
RUN npm ci --omit=dev --no-audit --no-fund -w @nfc/web -w @nfc/shared && npm cache clean --force
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/web/dist web/dist
USER node
EXPOSE 4321
CMD ["node", "web/dist/server/entry.mjs"]
