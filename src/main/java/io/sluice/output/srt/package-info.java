/** SRT outputs: caller push ({@code mode=caller}) and listener pull ({@code mode=listener}). */
package io.sluice.output.srt;
