import type { Container, ServiceIdentifier } from 'inversify';

/**
 * "All the X": whoever needs every service bound under a symbol asks a provider instead of a global list.
 * The container is the registry; collection is lazy, so modules may bind contributions in any order.
 */
export interface ContributionProvider<T> {
  getContributions(): readonly T[];
}

export function createContributionProvider<T>(container: Container, identifier: ServiceIdentifier<T>): ContributionProvider<T> {
  let cached: readonly T[] | undefined;
  return {
    getContributions() {
      cached ??= container.isBound(identifier) ? container.getAll<T>(identifier) : [];
      return cached;
    },
  };
}
