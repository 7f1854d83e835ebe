<html xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xsl:version="1.0"><body><xsl:value-of select="document('@CANARY@')"/></body></html>
