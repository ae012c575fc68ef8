variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "sluice"
}

variable "vpc_id" {
  description = "The VPC to deploy into."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets (at least two AZs) for the instances (public IPs: encoders call them directly) and the load balancer."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Private subnets (at least two AZs) for the PostgreSQL database."
  type        = list(string)
}

variable "ami_id" {
  description = "The Sluice AMI (AWS Marketplace listing, or one built with aws-marketplace/ami/build.sh)."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type. c7i.large relays on the order of a hundred 10 Mbit/s streams."
  type        = string
  default     = "c7i.large"
}

variable "min_size" {
  type    = number
  default = 2
}

variable "desired_capacity" {
  type    = number
  default = 2
}

variable "max_size" {
  description = "At most (port range size / ports per instance) instances can claim a slot."
  type        = number
  default     = 10
}

variable "port_range" {
  description = "UDP ports shared out among the instances for SRT listeners."
  type        = string
  default     = "10000-10999"
}

variable "ports_per_instance" {
  description = "Ports each instance claims from port_range (sluice.ports.slot-size)."
  type        = number
  default     = 100
}

variable "srt_allowed_cidrs" {
  description = "Who may send SRT to the instances (encoders, decoders)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "api_allowed_cidrs" {
  description = "Who may call the REST API through the load balancer."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the load balancer; empty = plain HTTP on port 80."
  type        = string
  default     = ""
}

variable "db_instance_class" {
  type    = string
  default = "db.t4g.small"
}

variable "srt_latency" {
  description = "Default SRT latency of ingests and outputs (sluice.srt.latency)."
  type        = string
  default     = "200ms"
}
