output "api_url" {
  description = "The REST API of the fleet (any ready instance answers)."
  value       = "${var.certificate_arn != "" ? "https" : "http"}://${aws_lb.api.dns_name}/api/v1"
}

output "api_token_parameter" {
  description = "SSM parameter holding the API bearer token(s): aws ssm get-parameter --with-decryption --name ..."
  value       = aws_ssm_parameter.api_tokens.name
}

output "database_endpoint" {
  value = aws_db_instance.this.address
}
