import type { ComponentType } from 'react';

/** Hand-made views that replace the generic ones for a resource; any left out stay generic. */
export interface ResourceViews {
  list?: ComponentType;
  show?: ComponentType;
  edit?: ComponentType;
  create?: ComponentType;
  icon?: ComponentType;
}
