# Sluice on EC2: an Auto Scaling group of identical instances behind an Application Load Balancer that
# health-checks /q/health/ready (readiness as capacity: DOWN when an instance's ports are full, its
# database is unreachable, or it drains after SIGTERM), sharing one PostgreSQL (RDS).
#
# SRT does not go through the load balancer: each instance has a public IP, claims its own slot of
# var.port_range at start (sluice.ports.slot-size) and puts its public IP in the URLs it hands out.

locals {
  api_port  = 8080
  port_lo   = tonumber(split("-", var.port_range)[0])
  port_hi   = tonumber(split("-", var.port_range)[1])
  https     = var.certificate_arn != ""
  ssm_root  = "/${var.name}"
}

# ---- secrets: database password and API token in SSM Parameter Store (SecureString) ----

resource "random_password" "db" {
  length  = 32
  special = false
}

resource "random_password" "api_token" {
  length  = 48
  special = false
}

resource "aws_ssm_parameter" "db_password" {
  name  = "${local.ssm_root}/db-password"
  type  = "SecureString"
  value = random_password.db.result
}

resource "aws_ssm_parameter" "api_tokens" {
  name        = "${local.ssm_root}/api-tokens"
  description = "Bearer tokens of the Sluice REST API, one per line; instances re-read them every minute."
  type        = "SecureString"
  value       = random_password.api_token.result
}

# ---- network ----

resource "aws_security_group" "lb" {
  name_prefix = "${var.name}-lb-"
  vpc_id      = var.vpc_id
  ingress {
    description = "REST API"
    from_port   = local.https ? 443 : 80
    to_port     = local.https ? 443 : 80
    protocol    = "tcp"
    cidr_blocks = var.api_allowed_cidrs
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "node" {
  name_prefix = "${var.name}-node-"
  vpc_id      = var.vpc_id
  ingress {
    description     = "REST API and health checks from the load balancer"
    from_port       = local.api_port
    to_port         = local.api_port
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
  ingress {
    description = "REST API from the other nodes: requests forwarded to the node that owns an ingest"
    from_port   = local.api_port
    to_port     = local.api_port
    protocol    = "tcp"
    self        = true
  }
  ingress {
    description = "SRT listeners (sources and listener outputs)"
    from_port   = local.port_lo
    to_port     = local.port_hi
    protocol    = "udp"
    cidr_blocks = var.srt_allowed_cidrs
  }
  egress {
    description = "SRT caller outputs, UDP outputs, the database, SSM"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "db" {
  name_prefix = "${var.name}-db-"
  vpc_id      = var.vpc_id
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.node.id]
  }
}

# ---- database ----

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
}

resource "aws_db_instance" "this" {
  identifier                 = var.name
  engine                     = "postgres"
  engine_version             = "15"
  instance_class             = var.db_instance_class
  allocated_storage          = 20
  storage_encrypted          = true
  db_name                    = "sluice"
  username                   = "sluice"
  password                   = random_password.db.result
  db_subnet_group_name       = aws_db_subnet_group.this.name
  vpc_security_group_ids     = [aws_security_group.db.id]
  multi_az                   = true
  backup_retention_period    = 7
  deletion_protection        = true
  skip_final_snapshot        = false
  final_snapshot_identifier  = "${var.name}-final"
  auto_minor_version_upgrade = true
}

# ---- instances ----

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  name_prefix        = "${var.name}-node-"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "read_secrets" {
  statement {
    actions   = ["ssm:GetParameter"]
    resources = [aws_ssm_parameter.db_password.arn, aws_ssm_parameter.api_tokens.arn]
  }
}

resource "aws_iam_role_policy" "read_secrets" {
  role   = aws_iam_role.node.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

resource "aws_iam_instance_profile" "node" {
  name_prefix = "${var.name}-node-"
  role        = aws_iam_role.node.name
}

resource "aws_launch_template" "node" {
  name_prefix   = "${var.name}-"
  image_id      = var.ami_id
  instance_type = var.instance_type
  iam_instance_profile {
    arn = aws_iam_instance_profile.node.arn
  }
  network_interfaces {
    associate_public_ip_address = true
    security_groups             = [aws_security_group.node.id]
  }
  metadata_options {
    http_tokens   = "required" # IMDSv2
    http_endpoint = "enabled"
  }
  user_data = base64encode(templatefile("${path.module}/user-data.sh.tftpl", {
    region             = var.region
    jdbc_url           = "jdbc:postgresql://${aws_db_instance.this.address}:5432/sluice"
    db_password_param  = aws_ssm_parameter.db_password.name
    api_tokens_param   = aws_ssm_parameter.api_tokens.name
    port_range         = var.port_range
    ports_per_instance = var.ports_per_instance
    srt_latency        = var.srt_latency
  }))
  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "${var.name}-node"
    }
  }
}

# ---- load balancer for the REST API ----

resource "aws_lb" "api" {
  name               = "${var.name}-api"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.lb.id]
}

resource "aws_lb_target_group" "api" {
  name                 = "${var.name}-api"
  port                 = local.api_port
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  deregistration_delay = 15 # the instance drains its streams for 10 s after SIGTERM
  health_check {
    path                = "/q/health/ready"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }
}

resource "aws_lb_listener" "api" {
  load_balancer_arn = aws_lb.api.arn
  port              = local.https ? 443 : 80
  protocol          = local.https ? "HTTPS" : "HTTP"
  certificate_arn   = local.https ? var.certificate_arn : null
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

resource "aws_autoscaling_group" "nodes" {
  name_prefix               = "${var.name}-"
  vpc_zone_identifier       = var.public_subnet_ids
  min_size                  = var.min_size
  desired_capacity          = var.desired_capacity
  max_size                  = var.max_size
  target_group_arns         = [aws_lb_target_group.api.arn]
  # Replace instances whose process died (liveness); a full instance (readiness DOWN) only leaves the
  # load balancer's rotation until it has free ports again.
  health_check_type         = "EC2"
  health_check_grace_period = 120
  default_instance_warmup   = 60
  launch_template {
    id      = aws_launch_template.node.id
    version = "$Latest"
  }
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }
  tag {
    key                 = "Name"
    value               = "${var.name}-node"
    propagate_at_launch = true
  }
}

# Scale out when the fleet's CPU is busy; capacity in ports is handled by readiness per instance.
resource "aws_autoscaling_policy" "cpu" {
  name                   = "${var.name}-cpu"
  autoscaling_group_name = aws_autoscaling_group.nodes.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 60
  }
}
