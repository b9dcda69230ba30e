# The site builder image (the `builder` service of docker-compose.yml): Node 24, the workspace
# installed (content model, site, root tools), and scripts/builder.ts, which builds the site on
# start and on every CMS webhook into SITE_ROOT (a volume the web server reads). Build from the
# repository root:
#   docker build -f scripts/Dockerfile.builder .
# scripts/tests/deployment.test.ts checks that every path copied here exists, that every command
# run here exists after the install, and runs this image's command outside Docker.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Toolchain for a native addon without a prebuilt binary for this platform (sharp ships one).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# Manifests first, so the dependency layer is rebuilt only when they change. Every workspace's
# package.json is copied so the root workspaces and the lockfile agree; the CMS's are not installed
# (the builder reads the CMS over HTTP). `npm install`, not `npm ci`: see README.
COPY package.json package-lock.json tsconfig.json ./
COPY content-types/package.json content-types/
COPY cms/package.json cms/
COPY site/package.json site/
RUN npm install --workspace content-types --workspace site --include-workspace-root --no-audit --no-fund
COPY content-types content-types
COPY site site
COPY scripts scripts
RUN node_modules/.bin/tsc -b content-types

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    SITE_ROOT=/srv/site \
    ASTRO_CACHE_DIR=/var/cache/astro \
    BUILDER_HOST=0.0.0.0 \
    BUILDER_PORT=4322
# The builder runs as the unprivileged `node` user: it owns the app (Astro writes site/.astro),
# and the site and cache folders, whose owner the named volumes take on when first mounted.
RUN mkdir -p /srv/site /var/cache/astro && chown node:node /srv/site /var/cache/astro
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4322
CMD ["node_modules/.bin/tsx", "scripts/builder.ts"]
