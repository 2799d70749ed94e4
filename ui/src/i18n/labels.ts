// Names of the core's enum values in the current language.
import type { BillingPlan, ResourceType, ScopeType, Status, Term } from '../api/desk';
import { t } from './index.svelte';

export const statusLabel = (s: Status): string => t(`status.${s}`);
export const scopeTypeLabel = (s: ScopeType): string => t(`scope.${s}`);
export const termLabel = (s: Term): string => t(`term.${s}`);
export const billingPlanLabel = (s: BillingPlan): string => t(`billing.${s}`);
export const resourceTypeLabel = (s: ResourceType): string => t(`resourceType.${s}`);
