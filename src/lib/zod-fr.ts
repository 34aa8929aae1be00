import { z } from 'zod';
import { fr } from 'zod/locales';

/** Zod's built-in messages in French: our users read validation errors, and they read French. */
z.config(fr());
