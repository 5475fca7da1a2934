import path from 'node:path';

/**
 * Where the app finds its own files. Packaged: electron-builder puts resources/ and the migrations
 * under process.resourcesPath (see electron-builder.yml). In development: the repository.
 */
export function appPaths(isPackaged: boolean, appPath: string, resourcesPath: string) {
  const base = isPackaged ? resourcesPath : appPath;
  return {
    resourcesDir: path.join(base, 'resources'),
    migrationsFolder: isPackaged ? path.join(base, 'migrations') : path.join(base, 'db', 'migrations'),
    rendererDir: path.join(appPath, 'out', 'renderer'),
    preloadFile: path.join(appPath, 'out', 'preload', 'index.js'),
  };
}
