/**
 * The REST contract v1 ({@code /api/v1}): resources, request and answer records, bearer-token
 * authentication, and the mapping of every error to {@code application/problem+json}.
 */
package io.sluice.api;
