import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { signedInAccess } from '../platform/http/route-access.js';
import { clauseById } from '../policy/clauses.js';
import { checkRulesSchema } from './checks.schemas.js';
import { rules } from './engine/rules/registry.js';

/**
 * `GET /api/check-rules`: the rules the engine applies, from the engine's own table, so the web app (rule
 * names on findings, the settings page, the archive filter) never keeps a copy that drifts from it.
 */
export const checkRulesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/check-rules',
    {
      config: { access: signedInAccess },
      schema: {
        tags: ['checks'],
        summary: 'Every check rule: its id, the clause it enforces, its default severity and how to fix it',
        response: { 200: checkRulesSchema },
      },
    },
    async () => ({
      rules: [...rules.values()].map((rule) => ({
        id: rule.id,
        clause: rule.clause,
        clauseTitle: clauseById(rule.clause).title,
        severity: rule.defaultSeverity,
        title: rule.title,
        fix: rule.fix,
      })),
    }),
  );
};
